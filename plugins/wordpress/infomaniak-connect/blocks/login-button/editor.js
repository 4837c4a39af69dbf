/* Editor only: the block has no front-end script; its HTML comes from PHP (render_callback). */
( function ( wp ) {
	var el = wp.element.createElement;
	var __ = wp.i18n.__;
	wp.blocks.registerBlockType( 'infomaniak-connect/login-button', {
		edit: function ( props ) {
			return el(
				'div',
				wp.blockEditor.useBlockProps(),
				el(
					wp.blockEditor.InspectorControls,
					null,
					el(
						wp.components.PanelBody,
						{ title: __( 'Button', 'infomaniak-connect' ) },
						el( wp.components.TextControl, {
							label: __( 'Label (empty: the label from the settings)', 'infomaniak-connect' ),
							value: props.attributes.label,
							onChange: function ( value ) {
								props.setAttributes( { label: value } );
							},
						} )
					)
				),
				el( wp.serverSideRender, { block: 'infomaniak-connect/login-button', attributes: props.attributes } )
			);
		},
		save: function () {
			return null;
		},
	} );
} )( window.wp );
